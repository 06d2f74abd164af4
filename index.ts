/** Entry point of the Jarvis Pulumi program (`pulumi preview`, `pulumi up`). */
import { jarvis } from "./program";

const outputs = jarvis();

export const namespace = outputs.namespace;
export const services = outputs.services;
