/** Entry point of `npm run diff`; the tool lives in tools/diff/. */
import { exitCodes } from "./diff/exitCode";
import { runDiff } from "./diff/cli";

if (require.main === module) {
    try {
        process.exitCode = runDiff(process.argv.slice(2));
    } catch (error) {
        // An unexpected failure must not read as "changes" (1) or "data at risk" (2).
        console.error(error);
        process.exitCode = exitCodes.error;
    }
}
