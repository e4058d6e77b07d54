"""Where the examples find GrainSystem: its RESP port and its HTTP address (the embedded defaults)."""
import os

RESP_HOST = os.environ.get("GRAINSYSTEM_RESP_HOST", "localhost")
RESP_PORT = int(os.environ.get("GRAINSYSTEM_RESP_PORT", "6380"))
HTTP_URL = os.environ.get("GRAINSYSTEM_HTTP_URL", "http://localhost:5080")
