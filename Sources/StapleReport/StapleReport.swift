// StapleReport: see DESIGN.md
