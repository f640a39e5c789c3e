// StapleActors: see DESIGN.md
