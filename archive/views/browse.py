"""Reader pages: browse by date and by county. (Placeholder bodies are filled in below.)"""
