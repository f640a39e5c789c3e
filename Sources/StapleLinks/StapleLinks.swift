// StapleLinks: see DESIGN.md
