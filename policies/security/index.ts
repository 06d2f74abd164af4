/** Security policies: images, pod hardening, credentials, TLS, network isolation, exposure. */
import { securityTlsCertificates } from "./certificates";
import { securityNoLiteralCredentials } from "./credentials";
import { securityNoExternalServices } from "./exposure";
import { securityImagePinned } from "./images";
import { securityIngressTls } from "./ingressTls";
import { securityDefaultDeny } from "./networkPolicy";
import { securityPodHardening } from "./podSecurity";

export const securityPolicies = [
    securityImagePinned,
    securityPodHardening,
    securityNoLiteralCredentials,
    securityIngressTls,
    securityTlsCertificates,
    securityDefaultDeny,
    securityNoExternalServices,
];
