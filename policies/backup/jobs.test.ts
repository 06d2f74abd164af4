import { describe, expect, it } from "vitest";
import { fixture, messages } from "../../test/support/policies";
import { backupJobSettings } from "./jobSettings";
import { backupOffsite } from "./offsite";
import { backupRestoreJob } from "./restore";
import { backupRetention } from "./retention";

const pass = () => fixture("backup/fixtures/jobs.pass.yaml");
const fail = () => fixture("backup/fixtures/jobs.fail.yaml");

describe("backup-job-settings", () => {
    it("passes a CronJob that forbids overlap, sets a deadline and limits every container", async () => {
        expect(await messages(backupJobSettings, pass())).toEqual([]);
    });

    it("flags each missing setting", async () => {
        expect(await messages(backupJobSettings, fail())).toEqual([
            "CronJob jarvis-production/timescale-backup: concurrencyPolicy is unset (Allow); a backup must forbid overlapping runs",
            "CronJob jarvis-production/timescale-backup: startingDeadlineSeconds is not set; a missed backup run must be caught up within a deadline",
            "CronJob jarvis-production/timescale-backup: container dump has no cpu limit",
        ]);
    });
});

describe("backup-retention", () => {
    it("passes 35 days from RETENTION_DAYS", async () => {
        expect(await messages(backupRetention, pass())).toEqual([]);
    });

    it("flags 7 days from the annotation", async () => {
        expect(await messages(backupRetention, fail())).toEqual([
            "CronJob jarvis-production/timescale-backup: keeps backups 7 days (annotation jarvis.io/retention-days); at least 30 are required",
        ]);
    });

    it("flags a backup that states no retention, with the minimum from config", async () => {
        const noRetention = fixture("backup/fixtures/rpo.pass.yaml");
        const found = await messages(backupRetention, noRetention, { config: { "backup-retention": { minRetentionDays: 90 } } });
        expect(found).toContain(
            "CronJob jarvis-production/redis-backup: states no retention: annotate it jarvis.io/retention-days or set RETENTION_DAYS/BACKUP_RETENTION_DAYS",
        );
    });
});

describe("backup-offsite", () => {
    it("passes a production backup with an off-site destination from a Secret", async () => {
        expect(await messages(backupOffsite, pass())).toEqual([]);
    });

    it("flags a production backup kept only in the cluster", async () => {
        expect(await messages(backupOffsite, fail())).toEqual([
            "CronJob jarvis-production/timescale-backup: production backup with no off-site copy: set the jarvis.io/offsite annotation or one of BACKUP_STORAGE_URL, OFFSITE_URL, OFFSITE_BUCKET, BACKUP_BUCKET, S3_BUCKET, RCLONE_REMOTE",
        ]);
    });

    it("does not require an off-site copy outside production", async () => {
        const staging = fail().map((r) => ({ ...r, props: JSON.parse(JSON.stringify(r.props).replaceAll("jarvis-production", "jarvis-staging")) as Record<string, unknown> }));
        expect(await messages(backupOffsite, staging)).toEqual([]);
    });
});

describe("backup-restore-job", () => {
    it("passes a backed-up store with a suspended restore CronJob", async () => {
        expect(await messages(backupRestoreJob, pass())).toEqual([]);
    });

    it("flags a store without restore job and an armed restore CronJob", async () => {
        expect(await messages(backupRestoreJob, fail())).toEqual([
            "StatefulSet jarvis-production/timescale: timescale is backed up but has no restore job",
            "CronJob jarvis-production/postgres-restore: restore CronJob is not suspended: it would overwrite live data on its schedule",
        ]);
    });
});
