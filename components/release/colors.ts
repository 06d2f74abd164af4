/**
 * What each color of a blue/green service runs, resolved from the configuration: its image (the
 * service's image unless the color names its own) and its replicas (the service's `replicas` when
 * scaled `full`, `standbyReplicas` when `standby`). Neither depends on `activeColor`.
 */
import { BlueGreenConfig, Color, colors } from "../../config/sections/release";
import { labelKeys, selectorLabels } from "../kubernetes/labels";
import { CatalogEntry } from "../../catalog/types";

export { Color, colors };

export interface ColorPlan {
    readonly image: string;
    readonly replicas: number;
}

export type ColorPlans = Readonly<Record<Color, ColorPlan>>;

export function colorPlans(service: { readonly image: string; readonly replicas: number }, release: BlueGreenConfig): ColorPlans {
    const plan = (color: Color): ColorPlan => {
        const spec = release.colors[color];
        return {
            image: spec.image ?? service.image,
            replicas: spec.scale === "full" ? service.replicas : release.standbyReplicas,
        };
    };
    return { blue: plan("blue"), green: plan("green") };
}

/** The selector of one color's pods: the service's selector plus the color. */
export function colorSelector(entry: CatalogEntry, color: Color): Record<string, string> {
    return { ...selectorLabels(entry), [labelKeys.color]: color };
}

/** Name of a color's Deployment and preview Service (`backend-green`). */
export function colorName(entry: CatalogEntry, color: Color): string {
    return `${entry.id}-${color}`;
}
