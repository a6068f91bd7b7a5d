package org.atende.sip.registrar;

/**
 * Whether a registered phone or a trunk answers OPTIONS (RFC 3261 §11): any final response is {@link #REACHABLE}; a
 * timeout (Timer F) or a transport error is {@link #UNREACHABLE}. A phone that registers is reachable; so is anything
 * not qualified ({@code qualify: off}) and a trunk before its first probe.
 */
public enum Reachability {
    REACHABLE,
    UNREACHABLE
}
