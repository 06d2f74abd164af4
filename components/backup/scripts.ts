/**
 * The backup scripts of the repository (`backup/scripts/*.sh`), shipped once per namespace as a
 * ConfigMap every backup and restore job mounts at /opt/jarvis/backup. The tests run the very
 * same files against real servers.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { platformLabels } from "../kubernetes/labels";
import { backupScripts } from "../definitions/backupFiles";

export const backupScriptsConfigMapName = "backup-scripts";

export interface BackupScriptsArgs {
    readonly namespace: pulumi.Input<string>;
    /** Environment name, written as a label. */
    readonly environment: string;
}

export class BackupScripts extends pulumi.ComponentResource {
    readonly configMap: k8s.core.v1.ConfigMap;

    constructor(name: string, args: BackupScriptsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:backup:BackupScripts", name, {}, opts);
        this.configMap = new k8s.core.v1.ConfigMap(
            name,
            {
                metadata: {
                    name: backupScriptsConfigMapName,
                    namespace: args.namespace,
                    labels: platformLabels(backupScriptsConfigMapName, args.environment),
                },
                data: backupScripts(),
            },
            { parent: this },
        );
        this.registerOutputs({ configMap: this.configMap.metadata.name });
    }
}
