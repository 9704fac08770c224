"""Wire-level faults against the real kernel over raw zmq sockets: message types that name
Object's own methods, and replays across channels."""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_harness import TIMEOUT, KernelCase  # noqa: E402


class HandlerLookupTests(KernelCase):
    def test_object_method_names_are_unknown_message_types(self):
        names = ["constructor", "toString", "valueOf", "__proto__", "hasOwnProperty"]
        sock = self.raw_socket("shell")
        try:
            for name in names:
                self.session.send(sock, name, {})
            self.recv_all(sock, 1.0)
        finally:
            sock.close()
        self.assertEqual(self.value("40 + 2"), "42")
        log = self.kernel_log()
        for name in names:
            self.assertIn(f'shell: unknown message type "{name}"', log)
