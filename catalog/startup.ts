/**
 * Startup timing from the catalog: the runbook starts every service in one sequence and waits after
 * each; with dependency ordering only the longest chain of waits along real dependencies matters.
 */
import { catalog, platformServices } from "./services";
import { ServiceId } from "./types";

export interface CriticalPath {
    /** Services along the longest chain, first to start first. */
    readonly chain: ServiceId[];
    /** Sum of the readiness waits along that chain, in seconds. */
    readonly seconds: number;
}

function waitOf(id: ServiceId): number {
    return catalog[id].readinessWaitSeconds ?? 0;
}

/** What a service waits for: the catalog's real dependencies unless a rendered graph says otherwise. */
export type DependenciesOf = (id: ServiceId) => readonly ServiceId[];

/** The longest chain of readiness waits, following each service's dependencies. */
export function criticalPath(
    services: readonly ServiceId[] = platformServices().map((s) => s.id),
    dependenciesOf: DependenciesOf = (id) => catalog[id].dependsOn,
): CriticalPath {
    const memo = new Map<ServiceId, CriticalPath>();
    const longestEndingAt = (id: ServiceId, visiting: Set<ServiceId>): CriticalPath => {
        const known = memo.get(id);
        if (known) return known;
        if (visiting.has(id)) throw new Error(`dependency cycle through ${id}`);
        visiting.add(id);
        let best: CriticalPath = { chain: [], seconds: 0 };
        for (const dep of dependenciesOf(id).filter((d) => services.includes(d))) {
            const candidate = longestEndingAt(dep, visiting);
            if (candidate.seconds > best.seconds) best = candidate;
        }
        visiting.delete(id);
        const result = { chain: [...best.chain, id], seconds: best.seconds + waitOf(id) };
        memo.set(id, result);
        return result;
    };
    return services
        .map((id) => longestEndingAt(id, new Set()))
        .reduce((a, b) => (b.seconds > a.seconds ? b : a), { chain: [], seconds: 0 });
}

/** The runbook's sequential startup: every wait one after the other. */
export function sequentialStartupSeconds(services: readonly ServiceId[] = platformServices().map((s) => s.id)): number {
    return services.reduce((total, id) => total + waitOf(id), 0);
}
