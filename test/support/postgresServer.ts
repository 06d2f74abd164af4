/**
 * A throwaway PostgreSQL server from the Debian packages, for tests of what runs against a real
 * database: initialised in a temporary directory, started on a free local port with trust
 * authentication, stopped and removed afterwards. As root (CI), it runs as the `postgres` user,
 * since PostgreSQL refuses to run as root.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface PostgresServer {
    readonly host: string;
    readonly port: number;
    /** Superuser (trust authentication: no password needed). */
    readonly user: string;
    /** Runs SQL through psql against a database. */
    psql(database: string, sql: string): Promise<string>;
    stop(): Promise<void>;
}

/** The newest installed server's binaries (Debian keeps them outside PATH). */
export function serverBinaries(): string {
    const root = "/usr/lib/postgresql";
    const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb"))) : [];
    const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
    if (!newest) throw new Error("no PostgreSQL server installed (Debian package postgresql)");
    return path.join(root, newest, "bin");
}

export async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const address = server.address();
            const port = typeof address === "object" && address ? address.port : 0;
            server.close(() => resolve(port));
        });
    });
}

export async function startPostgres(): Promise<PostgresServer> {
    const bin = serverBinaries();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jarvis-pg-"));
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
        const { stdout } = await run("id", ["-u", "postgres"]);
        const { stdout: gid } = await run("id", ["-g", "postgres"]);
        fs.chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    const asServer = (command: string, args: string[]) =>
        asRoot ? run("runuser", ["-u", "postgres", "--", path.join(bin, command), ...args]) : run(path.join(bin, command), args);
    const data = path.join(dir, "data");
    const port = await freePort();
    await asServer("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
    await asServer("pg_ctl", ["-D", data, "-l", path.join(dir, "server.log"), "-w", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
    const host = "127.0.0.1";
    return {
        host,
        port,
        user: "postgres",
        async psql(database, sql) {
            const { stdout } = await run("psql", ["-h", host, "-p", String(port), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-Atc", sql]);
            return stdout;
        },
        async stop() {
            await asServer("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
}
