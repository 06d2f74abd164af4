/**
 * Evidence of continuous archiving in a store's spec: PostgreSQL WAL archiving or Redis AOF, read
 * from the server's command line and from the config files (ConfigMaps) its pods mount. Settings
 * may be written `-c name=value`, `-cname=value`, `--name=value` (PostgreSQL), `--name value`
 * (Redis), inside a shell command, or as `name = value` / `name value` lines of a config file.
 */
import { continuousArchiving, storeImages } from "../conventions";
import { postgresSeconds, describeSeconds } from "../lib/durations";
import { allContainers, commandLine, podDetailsUnknown, podSpecOf } from "../lib/kubernetes";
import { asString, asStruct, asStructs, at, containsUnknown } from "../lib/values";
import { mayShareNamespace, ResourceView } from "../lib/view";
import { Store } from "./model";

export type Engine = "postgres" | "redis" | "other";

export type Archiving =
    /** Archiving is on; at most `windowSeconds` of writes can be lost. */
    | { readonly kind: "on"; readonly method: string; readonly windowSeconds: number }
    /** Partly configured: what is missing. */
    | { readonly kind: "incomplete"; readonly problem: string }
    /** Settings are unknown during preview. */
    | { readonly kind: "unknown" }
    | { readonly kind: "off" };

type Settings = Map<string, string>;

function unquote(value: string): string {
    const trimmed = value.trim();
    if ((trimmed.startsWith("'") && trimmed.endsWith("'")) || (trimmed.startsWith('"') && trimmed.endsWith('"'))) {
        return trimmed.slice(1, -1);
    }
    return trimmed;
}

/** `name = value` or `name value` lines (postgresql.conf, redis.conf); comments dropped. */
function configFileSettings(text: string, settings: Settings): void {
    for (const raw of text.split("\n")) {
        const line = raw.replace(/(^|\s)#.*$/, "").trim();
        const match = /^([A-Za-z_][\w.-]*)\s*(?:=\s*|\s+)(.*)$/.exec(line);
        if (match) settings.set(match[1].toLowerCase(), unquote(match[2]));
    }
}

/** PostgreSQL flags: `-c name=value`, `-cname=value`, `--name=value`. */
function postgresArgSettings(tokens: readonly string[], settings: Settings): void {
    tokens.forEach((token, i) => {
        let assignment: string | undefined;
        if (token === "-c") assignment = tokens[i + 1];
        else if (/^-c\S/.test(token)) assignment = token.slice(2);
        else if (/^--[\w.]+=/.test(token)) assignment = token.slice(2);
        else if (/\s/.test(token)) {
            // A shell command line: read its flags, values without spaces.
            for (const m of token.matchAll(/(?:^|\s)(?:-c\s*|--)([A-Za-z_][\w.]*)=('[^']*'|"[^"]*"|\S+)/g)) {
                settings.set(m[1].toLowerCase(), unquote(m[2]));
            }
        }
        const match = assignment === undefined ? null : /^([A-Za-z_][\w.]*)=(.*)$/s.exec(assignment);
        if (match) settings.set(match[1].toLowerCase(), unquote(match[2]));
    });
}

/** Redis flags: `--name value` (or `--name=value`), also inside a shell command. */
function redisArgSettings(tokens: readonly string[], settings: Settings): void {
    tokens.forEach((token, i) => {
        const joined = /^--([\w-]+)=(.*)$/.exec(token);
        if (joined) settings.set(joined[1].toLowerCase(), unquote(joined[2]));
        else if (/^--[\w-]+$/.test(token) && tokens[i + 1] !== undefined && !tokens[i + 1].startsWith("--")) {
            settings.set(token.slice(2).toLowerCase(), unquote(tokens[i + 1]));
        } else if (/\s/.test(token)) {
            for (const m of token.matchAll(/(?:^|\s)--([\w-]+)\s+('[^']*'|"[^"]*"|[^\s-]\S*)/g)) settings.set(m[1].toLowerCase(), unquote(m[2]));
        }
    });
}

/** ConfigMaps the store's pods mount (directly or projected), from the same namespace. */
function mountedConfigMaps(store: Store, views: readonly ResourceView[]): ResourceView[] {
    const volumes = asStructs(podSpecOf(store.view)?.volumes);
    const names = new Set(
        volumes.flatMap((v) => [
            asString(at(v, "configMap", "name")),
            ...asStructs(at(v, "projected", "sources")).map((s) => asString(at(s, "configMap", "name"))),
        ]),
    );
    return views.filter((v) => v.kind === "ConfigMap" && v.metadata.namespace === store.namespace && names.has(v.metadata.name));
}

export function engineOf(store: Store): Engine {
    const containers = allContainers(podSpecOf(store.view));
    const images = containers.map((c) => asString(c.spec.image) ?? "");
    const binaries = containers.flatMap((c) => commandLine(c).map((t) => t.split("/").pop() ?? t));
    if (images.some((i) => storeImages.postgres.test(i)) || binaries.includes("postgres")) return "postgres";
    if (images.some((i) => storeImages.redis.test(i)) || binaries.includes("redis-server")) return "redis";
    return "other";
}

function settingsOf(store: Store, views: readonly ResourceView[], engine: Engine): Settings {
    const settings: Settings = new Map();
    // Config files first: command-line flags override them, as in both servers.
    for (const configMap of mountedConfigMaps(store, views)) {
        for (const value of Object.values(asStruct(configMap.props.data) ?? {})) if (typeof value === "string") configFileSettings(value, settings);
    }
    for (const container of allContainers(podSpecOf(store.view))) {
        const tokens = commandLine(container);
        if (engine === "postgres") postgresArgSettings(tokens, settings);
        else redisArgSettings(tokens, settings);
    }
    return settings;
}

function postgresArchiving(settings: Settings): Archiving {
    const mode = settings.get("archive_mode");
    if (mode === undefined || !continuousArchiving.postgresArchiveModes.includes(mode.toLowerCase())) return { kind: "off" };
    const command = settings.get("archive_command")?.trim() ?? "";
    const library = settings.get("archive_library")?.trim() ?? "";
    if (continuousArchiving.postgresDiscardingCommands.includes(command) && library === "") {
        return { kind: "incomplete", problem: "archive_mode is on but no archive_command or archive_library copies the WAL anywhere" };
    }
    const timeoutText = settings.get("archive_timeout");
    const timeout = timeoutText === undefined ? undefined : postgresSeconds(timeoutText);
    if (timeout === undefined || timeout <= 0) {
        return { kind: "incomplete", problem: "archive_timeout is not set, so a quiet database may keep a WAL segment unarchived indefinitely" };
    }
    return { kind: "on", method: `PostgreSQL WAL archiving (archive_timeout ${describeSeconds(timeout)})`, windowSeconds: timeout };
}

function redisArchiving(settings: Settings): Archiving {
    if (settings.get("appendonly")?.toLowerCase() !== "yes") return { kind: "off" };
    const fsync = settings.get("appendfsync")?.toLowerCase() ?? "everysec";
    const window = continuousArchiving.redisFsyncWindowSeconds[fsync];
    if (window === undefined) return { kind: "incomplete", problem: `appendfsync ${fsync} leaves the loss window to the kernel` };
    return { kind: "on", method: `Redis AOF (appendfsync ${fsync})`, windowSeconds: window };
}

/** Whether the server's command line or its config files are unknown during preview. */
function settingsUnknown(store: Store, views: readonly ResourceView[]): boolean {
    if (podDetailsUnknown(store.view)) return true;
    const configMaps = views.filter((v) => v.kind === "ConfigMap" && mayShareNamespace(v, store.view));
    return configMaps.some((v) => v.metadata.unknown.has("name") || containsUnknown(v.props.data));
}

/** Continuous archiving of a store, as its spec shows it. */
export function archivingOf(store: Store, views: readonly ResourceView[]): Archiving {
    if (settingsUnknown(store, views)) return { kind: "unknown" };
    const engine = engineOf(store);
    if (engine === "other") return { kind: "off" };
    const settings = settingsOf(store, views, engine);
    return engine === "postgres" ? postgresArchiving(settings) : redisArchiving(settings);
}

/** How to turn it on, for messages. */
export function archivingAdvice(engine: Engine, rpoSeconds: number): string {
    const rpo = describeSeconds(rpoSeconds);
    switch (engine) {
        case "postgres":
            return `enable WAL archiving (archive_mode=on, an archive_command, archive_timeout <= ${rpo})`;
        case "redis":
            return "enable AOF (appendonly yes, appendfsync everysec)";
        default:
            return "this engine has no continuous archiving the policy can verify: give the store a tier whose RPO a schedule can meet, or exempt it with a reason";
    }
}
