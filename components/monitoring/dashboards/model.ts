/**
 * The part of Grafana's dashboard JSON model the dashboards use, and builders for it. Panels query
 * Prometheus through a data source variable, so one dashboard works with whichever Prometheus data
 * source the Grafana instance names.
 */

export interface Threshold {
    readonly color: string;
    /** null: the base step, below every other. */
    readonly value: number | null;
}

export interface Target {
    readonly refId: string;
    readonly expr: string;
    readonly legendFormat: string;
    readonly datasource: { readonly type: "prometheus"; readonly uid: string };
}

export interface Panel {
    readonly id: number;
    readonly type: "stat" | "timeseries" | "bargauge";
    readonly title: string;
    readonly description: string;
    readonly gridPos: { readonly h: number; readonly w: number; readonly x: number; readonly y: number };
    readonly datasource: { readonly type: "prometheus"; readonly uid: string };
    readonly targets: readonly Target[];
    readonly fieldConfig: {
        readonly defaults: {
            readonly unit: string;
            readonly min?: number;
            readonly thresholds: { readonly mode: "absolute"; readonly steps: readonly Threshold[] };
            readonly mappings: readonly unknown[];
        };
        readonly overrides: readonly unknown[];
    };
    readonly options: Record<string, unknown>;
}

export interface Dashboard {
    readonly uid: string;
    readonly title: string;
    readonly tags: readonly string[];
    readonly refresh: string;
    readonly schemaVersion: number;
    readonly editable: boolean;
    readonly time: { readonly from: string; readonly to: string };
    readonly templating: { readonly list: readonly unknown[] };
    readonly panels: readonly Panel[];
}

const datasource = { type: "prometheus", uid: "${datasource}" } as const;

export interface PanelSpec {
    readonly type: Panel["type"];
    readonly title: string;
    readonly description: string;
    readonly queries: readonly { readonly expr: string; readonly legend: string }[];
    readonly unit: string;
    readonly thresholds: readonly Threshold[];
    readonly min?: number;
    readonly mappings?: readonly unknown[];
    readonly width?: number;
}

/** Lays panels out left to right, 24 columns a row, 8 rows high. */
export function dashboard(meta: { uid: string; title: string; tags: readonly string[] }, specs: readonly PanelSpec[]): Dashboard {
    let x = 0;
    let y = 0;
    const panels = specs.map((spec, index): Panel => {
        const w = spec.width ?? 12;
        if (x + w > 24) {
            x = 0;
            y += 8;
        }
        const panel: Panel = {
            id: index + 1,
            type: spec.type,
            title: spec.title,
            description: spec.description,
            gridPos: { h: 8, w, x, y },
            datasource,
            targets: spec.queries.map((q, i) => ({ refId: String.fromCharCode(65 + i), expr: q.expr, legendFormat: q.legend, datasource })),
            fieldConfig: {
                defaults: {
                    unit: spec.unit,
                    ...(spec.min === undefined ? {} : { min: spec.min }),
                    thresholds: { mode: "absolute", steps: spec.thresholds },
                    mappings: spec.mappings ?? [],
                },
                overrides: [],
            },
            options:
                spec.type === "timeseries"
                    ? { legend: { displayMode: "table", placement: "bottom", calcs: ["lastNotNull", "max"] }, tooltip: { mode: "multi" } }
                    : { reduceOptions: { calcs: ["lastNotNull"], fields: "", values: false }, colorMode: "background" },
        };
        x += w;
        return panel;
    });
    return {
        ...meta,
        refresh: "30s",
        schemaVersion: 39,
        editable: false,
        time: { from: "now-6h", to: "now" },
        templating: {
            list: [{ name: "datasource", label: "Data source", type: "datasource", query: "prometheus", hide: 0, current: {} }],
        },
        panels,
    };
}

/** Every PromQL expression of a dashboard. */
export function dashboardQueries(board: Dashboard): string[] {
    return board.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
}
