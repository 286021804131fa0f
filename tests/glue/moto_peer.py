"""moto's server for the Glue tests: binds a free loopback port, prints `listening on http://HOST:PORT`,
and serves until its standard input closes (the test closes it, or dies)."""
import sys

from moto.server import ThreadedMotoServer

server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
host, port = server.get_host_and_port()
print(f"listening on http://{host}:{port}", flush=True)
sys.stdin.read()
server.stop()
