/**
 * Real PostgreSQL and Redis servers for tests and the backup benchmark: started on free local
 * ports in temporary directories, stopped and removed afterwards. PostgreSQL refuses to run as
 * root, so when the tests run as root the server (and the scripts that start servers) run as the
 * `postgres` OS user through runuser.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

/** PostgreSQL server binaries (initdb, pg_ctl...) of the Debian package; outside PATH. */
export const pgBin = process.env.PG_BIN ?? findPgBin();
/** The backup scripts, as mounted in the pods. */
export const scriptsDir = path.resolve(__dirname, "../../backup/scripts");

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
/** OS user the PostgreSQL server runs as (the current user unless we are root). */
export const pgOsUser = isRoot ? "postgres" : os.userInfo().username;

function findPgBin(): string {
    const root = "/usr/lib/postgresql";
    const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb"))) : [];
    const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
    return newest ? path.join(root, newest, "bin") : "/usr/bin";
}

export const basePath = `${pgBin}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;

export interface RunResult {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

export interface RunOptions {
    /** The whole environment of the command (nothing leaks in from the test process). */
    readonly env?: Record<string, string>;
    /** Run as this OS user (through runuser when we are root). */
    readonly user?: string;
    readonly input?: string;
    readonly timeoutMs?: number;
}

/** Runs a command to completion; never rejects on a non-zero exit (the caller asserts). */
export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    const env = options.env ?? { PATH: basePath, HOME: os.tmpdir(), LANG: "C.UTF-8" };
    const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
    const asOther = options.user !== undefined && isRoot && options.user !== "root";
    const [file, argv] = asOther
        ? ["runuser", ["-u", options.user ?? "", "--", "env", "-i", ...envArgs, command, ...args]]
        : ["env", ["-i", ...envArgs, command, ...args]];
    return new Promise((resolve, reject) => {
        const child = spawn(file, argv, { stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("error", reject);
        child.on("close", (code) => {
            clearTimeout(timer);
            resolve({ code: code ?? -1, stdout, stderr });
        });
        // A command that exits without reading its input closes the pipe: not an error here.
        child.stdin.on("error", () => undefined);
        child.stdin.end(options.input ?? "");
    });
}

/** Like run, but rejects with the command's stderr when it fails. */
export async function runOk(command: string, args: readonly string[], options: RunOptions = {}): Promise<string> {
    const result = await run(command, args, options);
    if (result.code !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.code}:\n${result.stderr}${result.stdout}`);
    return result.stdout;
}

/** Runs one of the backup scripts with exactly this environment (plus PATH, HOME). */
export function runScript(script: string, env: Record<string, string>, options: { args?: readonly string[]; user?: string; timeoutMs?: number } = {}): Promise<RunResult> {
    return run("bash", [path.join(scriptsDir, script), ...(options.args ?? [])], {
        env: { PATH: basePath, HOME: os.tmpdir(), LANG: "C.UTF-8", ...env },
        user: options.user,
        timeoutMs: options.timeoutMs,
    });
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.on("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const address = server.address();
            const port = typeof address === "object" && address ? address.port : 0;
            server.close(() => resolve(port));
        });
    });
}

/** A temporary directory the given OS user (the PostgreSQL one by default) can write. */
export function tempDir(prefix: string, owner = pgOsUser): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    fs.chmodSync(dir, 0o755);
    if (isRoot && owner !== "root") chownTo(dir, owner);
    return dir;
}

/** Gives a file to an OS user (name looked up in /etc/passwd). */
export function chownTo(target: string, user: string): void {
    const entry = fs
        .readFileSync("/etc/passwd", "utf8")
        .split("\n")
        .map((line) => line.split(":"))
        .find((fields) => fields[0] === user);
    if (!entry) throw new Error(`no OS user ${user}`);
    fs.chownSync(target, Number(entry[2]), Number(entry[3]));
}

/** Sleeps. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until the check returns a value (not undefined) or the time is up. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, everyMs = 200): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await check();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await sleep(everyMs);
    }
}

export interface PostgresServer {
    readonly port: number;
    /** Temporary root holding the data directory, the socket and the log. */
    readonly root: string;
    readonly dataDir: string;
    readonly user: string;
    readonly password: string;
    /** libpq environment reaching this server over TCP with the password, as the jobs do. */
    readonly env: Record<string, string>;
    /** Runs SQL through psql; returns unaligned, tuples-only output. */
    psql(sql: string, database?: string): Promise<string>;
    start(): Promise<void>;
    stop(): Promise<void>;
    /** Stops the server and removes every file. */
    destroy(): Promise<void>;
}

export interface PostgresOptions {
    /** postgresql.conf settings (the ones the program passes with -c). */
    readonly settings?: Record<string, string>;
    /** pg_hba.conf contents; the program's own when the test passes it. */
    readonly hba?: string;
    /** Environment of the server (archive_command and restore_command see it). */
    readonly serverEnv?: Record<string, string>;
    /** Application database created at start. */
    readonly database?: string;
}

function confValue(value: string): string {
    return `'${value.replace(/'/g, "''")}'`;
}

/** Initialises and starts a cluster: superuser `jarvis` with a password, as the official image does. */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
    const root = tempDir("jarvis-pg-");
    const dataDir = path.join(root, "data");
    const port = await freePort();
    const user = "jarvis";
    const password = `pw${Math.random().toString(36).slice(2, 12)}`;
    const pwfile = path.join(root, "pwfile");
    fs.writeFileSync(pwfile, `${password}\n`);
    if (isRoot) chownTo(pwfile, pgOsUser);
    await runOk(path.join(pgBin, "initdb"), ["-D", dataDir, "-U", user, `--pwfile=${pwfile}`, "--auth-local=trust", "--auth-host=scram-sha-256"], { user: pgOsUser });
    fs.rmSync(pwfile);
    const settings: Record<string, string> = {
        port: String(port),
        listen_addresses: "127.0.0.1",
        unix_socket_directories: root,
        ...(options.settings ?? {}),
    };
    if (options.hba !== undefined) {
        const hbaFile = path.join(root, "pg_hba.conf");
        fs.writeFileSync(hbaFile, options.hba);
        settings.hba_file = hbaFile;
    }
    fs.appendFileSync(path.join(dataDir, "postgresql.conf"), Object.entries(settings).map(([k, v]) => `${k} = ${confValue(v)}\n`).join(""));
    const env = { PGHOST: "127.0.0.1", PGPORT: String(port), PGUSER: user, PGPASSWORD: password };
    const serverEnv = { PATH: basePath, HOME: root, LANG: "C.UTF-8", ...(options.serverEnv ?? {}) };
    let running = false;

    const server: PostgresServer = {
        port,
        root,
        dataDir,
        user,
        password,
        env,
        async psql(sql: string, database = "postgres") {
            const out = await runOk("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", database], {
                env: { PATH: basePath, HOME: os.tmpdir(), ...env },
                input: sql,
            });
            return out.trim();
        },
        async start() {
            await runOk(path.join(pgBin, "pg_ctl"), ["-D", dataDir, "-l", path.join(root, "server.log"), "-w", "-t", "60", "start"], {
                user: pgOsUser,
                env: serverEnv,
            });
            running = true;
        },
        async stop() {
            if (!running) return;
            await runOk(path.join(pgBin, "pg_ctl"), ["-D", dataDir, "-m", "fast", "-w", "stop"], { user: pgOsUser, env: serverEnv });
            running = false;
        },
        async destroy() {
            // pg_ctl status also finds a server started by a script (point-in-time recovery).
            const status = await run(path.join(pgBin, "pg_ctl"), ["-D", dataDir, "status"], { user: pgOsUser, env: serverEnv });
            if (status.code === 0) await run(path.join(pgBin, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "stop"], { user: pgOsUser, env: serverEnv });
            running = false;
            fs.rmSync(root, { recursive: true, force: true });
        },
    };
    try {
        await server.start();
        if (options.database) await server.psql(`CREATE DATABASE ${options.database}`);
    } catch (error) {
        await server.destroy();
        throw error;
    }
    return server;
}

export interface RedisServer {
    readonly port: number;
    readonly dir: string;
    readonly password: string;
    /** Environment of redis-cli and the scripts (REDISCLI_AUTH carries the password). */
    readonly env: Record<string, string>;
    cli(...args: string[]): Promise<string>;
    destroy(): Promise<void>;
}

/** Starts redis-server with the program's durability settings (AOF, fsync every second) and a password. */
export async function startRedis(extraArgs: readonly string[] = []): Promise<RedisServer> {
    const dir = tempDir("jarvis-redis-", "root");
    const port = await freePort();
    const password = `pw${Math.random().toString(36).slice(2, 12)}`;
    const child: ChildProcess = spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--appendfsync", "everysec", "--requirepass", password, "--logfile", path.join(dir, "redis.log"), ...extraArgs],
        { stdio: "ignore" },
    );
    const env = { REDIS_HOST: "127.0.0.1", REDIS_PORT: String(port), REDISCLI_AUTH: password };
    const cli = async (...args: string[]) =>
        (await runOk("redis-cli", ["--no-auth-warning", "-h", "127.0.0.1", "-p", String(port), ...args], { env: { PATH: basePath, ...env } })).trim();
    const server: RedisServer = {
        port,
        dir,
        password,
        env,
        cli,
        async destroy() {
            if (child.exitCode === null) {
                const exited = new Promise((resolve) => child.once("exit", resolve));
                child.kill("SIGTERM");
                await Promise.race([exited, sleep(5000)]);
            }
            fs.rmSync(dir, { recursive: true, force: true });
        },
    };
    try {
        await waitFor("redis to answer PING", async () => ((await run("redis-cli", ["-p", String(port), "-a", password, "--no-auth-warning", "PING"])).stdout.trim() === "PONG" ? true : undefined), 10_000, 50);
    } catch (error) {
        await server.destroy();
        throw error;
    }
    return server;
}
