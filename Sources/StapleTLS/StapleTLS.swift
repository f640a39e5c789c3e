// StapleTLS: see DESIGN.md
