"""`python -m cagraph.cli`: the same as the `cagraph` console script."""
from cagraph.cli.main import app

app()
