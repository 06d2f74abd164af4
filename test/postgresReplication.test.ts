/**
 * PostgreSQL streaming replication: what the plan renders (production: a primary and a hot standby,
 * clients pinned to the primary; staging: one server, untouched), then the replication script run
 * for real: a primary with the official image's client authentication, a standby cloned by the
 * script, rows streamed to it, writes refused by it.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scriptPath, scriptText } from "../components/release/scripts";
import { Plan } from "../tools/plan";
import { freePort, serverBinaries } from "./support/postgresServer";
import { find, Json, plan, servicesOf, spec } from "./support/program";

const run = promisify(execFile);
const script = scriptPath("postgres-replication.sh");

describe("the plan", () => {
    let production: Plan;
    let staging: Plan;
    beforeAll(async () => {
        production = await plan("production");
        staging = await plan("staging");
    });

    const statefulSet = (p: Plan, name: string): Json => spec(find(p.objects, "StatefulSet", name));
    const podSpec = (p: Plan, name: string): Json => statefulSet(p, name).spec.template.spec;
    const envOf = (container: Json): Record<string, Json> => Object.fromEntries((container.env as Json[]).map((e) => [e.name, e]));

    it("production runs PostgreSQL as a primary and a hot standby, kept on different nodes, one evictable at a time", () => {
        const postgres = statefulSet(production, "postgres");
        expect(postgres.spec.replicas).toBe(2);
        // Pod 1 is created only once pod 0 is ready: the standby clones a running primary.
        expect(postgres.spec.podManagementPolicy).toBe("OrderedReady");
        const selector = postgres.spec.selector.matchLabels;
        expect(podSpec(production, "postgres").topologySpreadConstraints).toContainEqual({
            maxSkew: 1,
            topologyKey: "kubernetes.io/hostname",
            whenUnsatisfiable: "DoNotSchedule",
            labelSelector: { matchLabels: selector },
        });
        expect(spec(find(production.objects, "PodDisruptionBudget", "postgres")).spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: selector } });
    });

    it("production's client Service reaches the primary only; the headless Service names every pod", () => {
        const selector = statefulSet(production, "postgres").spec.selector.matchLabels;
        expect(spec(find(production.objects, "Service", "postgres")).spec.selector).toEqual({ ...selector, "statefulset.kubernetes.io/pod-name": "postgres-0" });
        expect(spec(find(production.objects, "Service", "postgres-headless")).spec.selector).toEqual(selector);
    });

    it("ships the replication script in a ConfigMap, run by the entrypoint at first init and by an init container at every start", () => {
        expect(spec(find(production.objects, "ConfigMap", "postgres-replication")).data).toEqual({ "postgres-replication.sh": scriptText("postgres-replication.sh") });
        const pod = podSpec(production, "postgres");
        expect(pod.volumes).toContainEqual({ name: "replication", configMap: { name: "postgres-replication", defaultMode: 0o555 } });
        const [setup, ...others] = pod.initContainers as Json[];
        expect(others).toEqual([]);
        expect(setup.command).toEqual(["bash", "/docker-entrypoint-initdb.d/postgres-replication.sh"]);
        for (const container of [setup, pod.containers[0]]) {
            expect(container.volumeMounts).toContainEqual({ name: "replication", mountPath: "/docker-entrypoint-initdb.d", readOnly: true });
            expect(container.volumeMounts).toContainEqual({ name: "data", mountPath: "/var/lib/postgresql/data" });
            const env = envOf(container);
            expect(env.PRIMARY_POD.value).toBe("postgres-0");
            expect(env.PRIMARY_HOST.value).toBe("postgres-0.postgres-headless");
            expect(env.REPLICATION_USER.valueFrom).toEqual({ secretKeyRef: { name: "postgres-credentials", key: "replication-username" } });
            expect(env.REPLICATION_PASSWORD.valueFrom).toEqual({ secretKeyRef: { name: "postgres-credentials", key: "replication-password" } });
        }
        // A slot of a standby gone for good must not fill the primary's 200Gi volume: a quarter at most.
        // Replication adds one server setting to the standalone ones (port, WAL archiving...).
        expect(pod.containers[0].args.slice(0, 2)).toEqual(["-c", "port=5432"]);
        expect(pod.containers[0].args.slice(-2)).toEqual(["-c", "max_slot_wal_keep_size=51200MB"]);
        expect(statefulSet(production, "postgres").spec.template.metadata.annotations["jarvis.io/files-checksum"]).toMatch(/^[0-9a-f]{64}$/);
    });

    it("generates a password for the replication role beside the superuser's", () => {
        const passwords = production.registrations.filter((r) => r.type === "random:index/randomPassword:RandomPassword").map((r) => r.name);
        expect(passwords).toContain("postgres-credentials-password");
        expect(passwords).toContain("postgres-credentials-replication-password");
        expect(Object.keys(spec(find(production.objects, "Secret", "postgres-credentials")).stringData).sort()).toEqual(
            ["database", "password", "replication-password", "replication-username", "username"].sort(),
        );
    });

    it("leaves single-replica stores alone: staging's PostgreSQL, production's TimescaleDB", () => {
        for (const [p, id] of [
            [staging, "postgres"],
            [production, "timescale"],
        ] as const) {
            expect(statefulSet(p, id).spec.replicas).toBe(1);
            expect(spec(find(p.objects, "Service", id)).spec.selector).toEqual(statefulSet(p, id).spec.selector.matchLabels);
            expect(podSpec(p, id).initContainers).toBeUndefined();
            expect(podSpec(p, id).containers[0].args.slice(0, 2)).toEqual(["-c", `port=${id === "postgres" ? 5432 : 5433}`]);
            expect(podSpec(p, id).containers[0].args.join(" ")).not.toContain("max_slot_wal_keep_size");
            expect(p.objects.some((o) => o.kind === "ConfigMap" && o.metadata.name === `${id}-replication`)).toBe(false);
            expect(p.objects.some((o) => o.kind === "PodDisruptionBudget" && o.metadata.name === id)).toBe(false);
            expect(p.registrations.some((r) => r.name === `${id}-credentials-replication-password`)).toBe(false);
        }
    });

    it("after a failover (`primary: 1`), clients and new standbys go to pod 1", async () => {
        const services = servicesOf("production");
        const failedOver = await plan("production", { services: { ...services, postgres: { ...services.postgres, primary: 1 } } });
        expect(spec(find(failedOver.objects, "Service", "postgres")).spec.selector["statefulset.kubernetes.io/pod-name"]).toBe("postgres-1");
        const env = envOf(podSpec(failedOver, "postgres").initContainers[0]);
        expect(env.PRIMARY_POD.value).toBe("postgres-1");
        expect(env.PRIMARY_HOST.value).toBe("postgres-1.postgres-headless");
        // The backups follow the primary: its WAL archive and dumps live on its backup claim.
        for (const name of ["postgres-backup-dump", "postgres-backup-basebackup", "postgres-verify"]) {
            const job = spec(find(failedOver.objects, "CronJob", name)).spec.jobTemplate.spec.template.spec;
            expect(job.volumes.find((v: Json) => v.name === "backup").persistentVolumeClaim.claimName, name).toBe("backup-postgres-1");
            expect(job.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels["statefulset.kubernetes.io/pod-name"], name).toBe("postgres-1");
        }
    });

    it("runs the backups of a replicated store on its primary's node, with its primary's claims", () => {
        const job = spec(find(production.objects, "CronJob", "postgres-backup-dump")).spec.jobTemplate.spec.template.spec;
        expect(job.volumes.find((v: Json) => v.name === "backup").persistentVolumeClaim.claimName).toBe("backup-postgres-0");
        expect(job.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels).toMatchObject({
            "app.kubernetes.io/name": "postgres",
            "statefulset.kubernetes.io/pod-name": "postgres-0",
        });
        // A single-replica store has no primary to pin.
        const redis = spec(find(production.objects, "CronJob", "redis-backup-snapshot")).spec.jobTemplate.spec.template.spec;
        expect(redis.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels["statefulset.kubernetes.io/pod-name"]).toBeUndefined();
    });
});

interface Outcome {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

/**
 * Runs a command as PostgreSQL's owner with only the given environment: as root (CI), as the
 * `postgres` user, since the server refuses to run as root and a standby must own its clone.
 */
async function asPostgres(command: string, args: readonly string[], env: Record<string, string> = {}): Promise<Outcome> {
    const environment = { PATH: `${serverBinaries()}:/usr/bin:/bin`, ...env };
    const asRoot = process.getuid?.() === 0;
    const [file, argv] = asRoot
        ? ["runuser", ["-u", "postgres", "--", "env", "-i", ...Object.entries(environment).map(([k, v]) => `${k}=${v}`), command, ...args]]
        : [command, [...args]];
    try {
        // runuser itself is found on the caller's PATH (/usr/sbin); the command on the given one.
        const { stdout, stderr } = await run(file, argv, { env: asRoot ? { PATH: `${process.env.PATH ?? ""}:/usr/sbin:/sbin` } : environment });
        return { code: 0, stdout, stderr };
    } catch (error) {
        const failed = error as { code?: number; stdout?: string; stderr?: string };
        return { code: typeof failed.code === "number" ? failed.code : -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
    }
}

async function succeed(command: string, args: readonly string[], env: Record<string, string> = {}): Promise<string> {
    const outcome = await asPostgres(command, args, env);
    if (outcome.code !== 0) throw new Error(`${command} ${args.join(" ")} failed (${outcome.code}): ${outcome.stderr}`);
    return outcome.stdout;
}

describe("postgres-replication.sh against real servers", () => {
    const superuser = { user: "jarvis", password: "superuser-password-for-tests" };
    const replicationPassword = "replication-password-for-tests";
    let dir = "";
    let primaryData = "";
    let standbyData = "";
    let primaryPort = 0;
    let standbyPort = 0;
    const running: string[] = [];

    /** SQL through psql over TCP as the superuser, as a client in another pod would connect. */
    const psql = (port: number, sql: string, database = "postgres") =>
        run("psql", ["--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-Atc", sql, `host=127.0.0.1 port=${port} user=${superuser.user} dbname=${database}`], {
            env: { PATH: process.env.PATH ?? "/usr/bin:/bin", PGPASSWORD: superuser.password },
        }).then(({ stdout }) => stdout.trim());

    /** The script as a pod runs it: this pod's name, the primary's, credentials from the Secret. */
    const replication = (pod: string, data: string, extra: Record<string, string> = {}) =>
        asPostgres("bash", [script], {
            PGDATA: data,
            POD_NAME: pod,
            PRIMARY_POD: "postgres-0",
            PRIMARY_HOST: "127.0.0.1",
            PRIMARY_PORT: String(primaryPort),
            REPLICATION_USER: "replicator",
            REPLICATION_PASSWORD: replicationPassword,
            POSTGRES_USER: superuser.user,
            POSTGRES_PASSWORD: superuser.password,
            PRIMARY_WAIT_SECONDS: "10",
            ...extra,
        });

    const start = async (data: string, port: number) => {
        await succeed("pg_ctl", ["-D", data, "-l", `${data}.log`, "-w", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
        running.push(data);
    };

    beforeAll(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "jarvis-pg-replication-"));
        if (process.getuid?.() === 0) {
            const uid = Number((await run("id", ["-u", "postgres"])).stdout.trim());
            const gid = Number((await run("id", ["-g", "postgres"])).stdout.trim());
            fs.chownSync(dir, uid, gid);
        }
        primaryData = path.join(dir, "primary");
        standbyData = path.join(dir, "standby");
        [primaryPort, standbyPort] = [await freePort(), await freePort()];
        const passwordFile = path.join(dir, "superuser-password");
        await succeed("bash", ["-c", `umask 077 && printf '%s' "$0" > "$1"`, superuser.password, passwordFile]);
        await succeed("initdb", ["-D", primaryData, "-U", superuser.user, `--pwfile=${passwordFile}`, "-E", "UTF8", "--no-sync"]);
        // What another pod meets in the official image: its initdb's rules admit only local and
        // loopback clients, then the entrypoint adds `host all all all scram-sha-256`. Here every
        // client is on the loopback, so only the rules another pod meets are kept.
        await succeed("bash", ["-c", `printf 'local all all trust\\nhost all all all scram-sha-256\\n' > "$0"`, path.join(primaryData, "pg_hba.conf")]);
        await start(primaryData, primaryPort);
        await psql(primaryPort, `CREATE DATABASE jarvis_test`);
        await psql(primaryPort, `CREATE TABLE conversations (id serial PRIMARY KEY, body text); INSERT INTO conversations (body) SELECT 'before ' || n FROM generate_series(1, 50) n`, "jarvis_test");
    });

    afterAll(async () => {
        for (const data of running.reverse()) await asPostgres("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it("is shellcheck-clean", async () => {
        await run("shellcheck", [script]);
    });

    it("a standby cannot clone a primary that only has the image's rules (`all` never matches replication)", async () => {
        const outcome = await replication("postgres-1", standbyData);
        expect(outcome.code).not.toBe(0);
        expect(outcome.stderr).toMatch(/no pg_hba\.conf entry for replication connection .* user "replicator"/);
        expect(fs.existsSync(standbyData)).toBe(false);
        expect(fs.existsSync(`${standbyData}.partial`)).toBe(false);
    });

    it("on the primary (as the entrypoint runs it at first init), admits the replication role, once however often it runs", async () => {
        for (let i = 0; i < 2; i++) expect((await replication("postgres-0", primaryData)).code).toBe(0);
        const rules = fs.readFileSync(path.join(primaryData, "pg_hba.conf"), "utf8").split("\n");
        expect(rules.filter((line) => line === "host replication replicator all scram-sha-256")).toHaveLength(1);
        await succeed("pg_ctl", ["-D", primaryData, "reload"]);
    });

    it("clones the primary into an empty data directory as a hot standby with a slot of its own", async () => {
        const outcome = await replication("postgres-1", standbyData);
        expect(outcome.stderr).toBe("");
        expect(outcome.code).toBe(0);
        expect(outcome.stdout).toContain("postgres-1 cloned postgres-0");
        expect(fs.existsSync(path.join(standbyData, "standby.signal"))).toBe(true);
        expect(fs.existsSync(`${standbyData}.partial`)).toBe(false);
        const recovery = fs.readFileSync(path.join(standbyData, "postgresql.auto.conf"), "utf8");
        expect(recovery).toMatch(/primary_conninfo = '.*user=replicator.*'/);
        expect(recovery).toContain("primary_slot_name = 'postgres_1'");
        // A role for streaming only, not a second superuser.
        expect(await psql(primaryPort, "SELECT rolsuper, rolreplication, rolcanlogin FROM pg_roles WHERE rolname = 'replicator'")).toBe("f|t|t");
    });

    it("streams the primary's writes to the standby within seconds", async () => {
        // Started without any password in its environment: the server connects with what the clone wrote.
        await start(standbyData, standbyPort);
        await psql(primaryPort, "INSERT INTO conversations (body) SELECT 'after ' || n FROM generate_series(1, 25) n", "jarvis_test");
        const expected = await psql(primaryPort, "SELECT count(*) || ':' || max(id) FROM conversations", "jarvis_test");
        expect(expected).toBe("75:75");
        let seen = "";
        for (let attempt = 0; attempt < 50 && seen !== expected; attempt++) {
            await new Promise((resolve) => setTimeout(resolve, 100));
            seen = await psql(standbyPort, "SELECT count(*) || ':' || max(id) FROM conversations", "jarvis_test").catch(() => "");
        }
        expect(seen).toBe(expected);
        expect(await psql(standbyPort, "SELECT pg_is_in_recovery()")).toBe("t");
        expect(await psql(primaryPort, "SELECT application_name || '|' || state FROM pg_stat_replication")).toBe("postgres-1|streaming");
        expect(await psql(primaryPort, "SELECT slot_name || '|' || active FROM pg_replication_slots")).toBe("postgres_1|true");
    });

    it("the standby refuses writes", async () => {
        await expect(psql(standbyPort, "INSERT INTO conversations (body) VALUES ('lost')", "jarvis_test")).rejects.toThrow(
            /cannot execute INSERT in a read-only transaction/,
        );
    });

    it("on a standby's later starts, leaves its data alone: streaming resumes from its slot", async () => {
        const outcome = await replication("postgres-1", standbyData);
        expect(outcome.code).toBe(0);
        expect(outcome.stdout).toContain("streaming resumes");
    });

    it("refuses to start a former primary's data as a standby (that would fork the database)", async () => {
        const outcome = await replication("postgres-0", primaryData, { PRIMARY_POD: "postgres-1" });
        expect(outcome.code).toBe(1);
        expect(outcome.stderr).toContain("holds a primary's data while postgres-1 is the primary: rebuild this standby");
    });

    it("starts over after a clone cut short: the partial copy and its orphaned slot are replaced", async () => {
        const data = path.join(dir, "standby-2");
        await succeed("bash", ["-c", `mkdir -p "$0" && echo leftover > "$0/base.tar"`, `${data}.partial`]);
        await psql(primaryPort, "SELECT pg_create_physical_replication_slot('postgres_2')");
        const outcome = await replication("postgres-2", data);
        expect(outcome.stderr).toBe("");
        expect(outcome.code).toBe(0);
        expect(fs.existsSync(path.join(data, "standby.signal"))).toBe(true);
        expect(fs.existsSync(`${data}.partial`)).toBe(false);
        // Never started: drop its slot so that the primary keeps no WAL for it.
        await psql(primaryPort, "SELECT pg_drop_replication_slot('postgres_2')");
    });

    it("refuses to overwrite a data directory that is neither empty nor a database", async () => {
        const data = path.join(dir, "standby-3");
        await succeed("bash", ["-c", `mkdir -p "$0" && echo unknown > "$0/notes.txt"`, data]);
        const outcome = await replication("postgres-3", data);
        expect(outcome.code).toBe(1);
        expect(outcome.stderr).toContain("refusing to overwrite it");
    });
});
