/** Short content hashes that name objects after what they hold (a new content is a new object). */
import * as crypto from "node:crypto";

/** 10 hex characters of a SHA-256 over the parts: enough to tell versions apart, short enough for names. */
export function shortHash(...parts: readonly string[]): string {
    const hash = crypto.createHash("sha256");
    for (const part of parts) hash.update(part).update("\0");
    return hash.digest("hex").slice(0, 10);
}
