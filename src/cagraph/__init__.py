"""cagraph: a knowledge graph of China's foreign policy in Central Asia."""
__version__ = "0.1.0"
