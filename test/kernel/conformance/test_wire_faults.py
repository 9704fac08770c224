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


class CrossChannelReplayTests(KernelCase):
    def test_interrupt_replayed_from_shell_on_control_is_refused(self):
        shell, control = self.raw_socket("shell"), self.raw_socket("control")
        try:
            msg = self.session.msg("interrupt_request", {})
            frames = self.session.serialize(msg)
            shell.send_multipart(frames)
            on_shell = self.recv_all(shell, 1.0)
            self.assertEqual([m["msg_type"] for m in on_shell], ["interrupt_reply"])  # unknown on shell: an error reply
            control.send_multipart(frames)  # the identical signed frames, on the other channel
            self.assertEqual(self.recv_all(control, 1.5), [])
        finally:
            shell.close()
            control.close()
        self.assertIn("control: dropped a message: duplicate signature (replayed message)", self.kernel_log())

    def test_control_message_replayed_on_shell_is_refused(self):
        shell, control = self.raw_socket("shell"), self.raw_socket("control")
        try:
            frames = self.session.serialize(self.session.msg("kernel_info_request", {}))
            control.send_multipart(frames)
            self.assertEqual([m["msg_type"] for m in self.recv_all(control, 1.0)], ["kernel_info_reply"])
            shell.send_multipart(frames)
            self.assertEqual(self.recv_all(shell, 1.5), [])
        finally:
            shell.close()
            control.close()
        self.assertIn("shell: dropped a message: duplicate signature (replayed message)", self.kernel_log())
        self.assertEqual(self.value("1 + 1"), "2")
