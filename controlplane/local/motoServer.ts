/**
 * moto's server (PyPI `moto[server]`, installed by .ci/run) on 127.0.0.1, on a free port: the AWS APIs that have no
 * JavaScript emulator (Organizations, SQS FIFO queues), answered by an implementation of the
 * service rather than by a client mock. Used by the tests and by the control plane's dev runner.
 */
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";

export interface Moto {
    readonly endpoint: string;
    close(): Promise<void>;
}

async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
    });
}

export async function startMoto(): Promise<Moto> {
    const port = await freePort();
    const child: ChildProcess = spawn(
        "python3",
        ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)],
        {
            stdio: ["ignore", "ignore", "pipe"],
        },
    );
    let stderr = "";
    child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
    const endpoint = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
        if (child.exitCode !== null) {
            throw new Error(
                `moto's server exited (${child.exitCode}): ${stderr.slice(-500)}; install it with pip install "moto[server]"`,
            );
        }
        try {
            if ((await fetch(`${endpoint}/moto-api/`)).ok) break;
        } catch {
            // not listening yet
        }
        if (Date.now() > deadline)
            throw new Error(`moto's server did not answer on ${endpoint} within 30 s: ${stderr.slice(-500)}`);
        await new Promise((r) => setTimeout(r, 200));
    }
    return {
        endpoint,
        close: () =>
            new Promise<void>((resolve) => {
                child.once("exit", () => resolve());
                child.kill();
            }),
    };
}
