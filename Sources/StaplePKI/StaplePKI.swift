// StaplePKI: see DESIGN.md
