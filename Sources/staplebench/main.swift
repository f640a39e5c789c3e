print("staplebench: under construction")
