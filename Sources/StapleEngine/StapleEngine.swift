// StapleEngine: see DESIGN.md
