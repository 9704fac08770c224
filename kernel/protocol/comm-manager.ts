import type { Iopub } from '../display/iopub';

/** One open comm: a channel between kernel code and a front-end widget. */
export interface Comm {
  readonly id: string;
  readonly targetName: string;
  /** Sends data to the front end (comm_msg). */
  send(data: unknown): void;
  /** Closes the comm (comm_close). */
  close(data?: unknown): void;
  /** Called with each comm_msg from the front end. */
  onMessage?: (data: unknown) => void;
  /** Called when the front end closes the comm. */
  onClose?: (data: unknown) => void;
}

/** Called when the front end opens a comm to a registered target. */
export type CommTarget = (comm: Comm, data: unknown) => void;

/** Open comms and registered targets (comm_open, comm_msg, comm_close, comm_info). */
export class CommManager {
  private readonly targets = new Map<string, CommTarget>();
  readonly comms = new Map<string, Comm>();

  constructor(private readonly iopub: Iopub) {
    // A target that echoes messages back: lets clients check the comm round trip.
    this.registerTarget('feedbacklab.echo', (comm) => {
      comm.onMessage = (data) => comm.send(data);
    });
  }

  /** Lets front ends open comms to `name`. */
  registerTarget(name: string, target: CommTarget): void {
    this.targets.set(name, target);
  }

  private make(id: string, targetName: string): Comm {
    const comm: Comm = {
      id,
      targetName,
      send: (data) => this.iopub.publish('comm_msg', { comm_id: id, data }),
      close: (data) => {
        if (this.comms.delete(id)) this.iopub.publish('comm_close', { comm_id: id, data: data ?? {} });
      },
    };
    this.comms.set(id, comm);
    return comm;
  }

  /** Handles comm_open; an unknown target is closed at once, as ipykernel does. */
  open(id: string, targetName: string, data: unknown): void {
    const target = this.targets.get(targetName);
    if (!target) {
      this.iopub.publish('comm_close', { comm_id: id, data: {} });
      return;
    }
    target(this.make(id, targetName), data);
  }

  /** Handles comm_msg. */
  message(id: string, data: unknown): void {
    this.comms.get(id)?.onMessage?.(data);
  }

  /** Handles comm_close from the front end. */
  closed(id: string, data: unknown): void {
    const comm = this.comms.get(id);
    if (comm && this.comms.delete(id)) comm.onClose?.(data);
  }
}
