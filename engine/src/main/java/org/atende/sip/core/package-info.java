/**
 * The UAS core (RFC 3261 §8.2) of each shard: {@link org.atende.sip.core.SipCore} decides what a new request is
 * and who handles it. It answers OPTIONS itself, gives REGISTER to the registrar, and hands what belongs to a call
 * to the layer above through two small interfaces of its own: {@link org.atende.sip.core.SessionUser} (new INVITEs
 * and their CANCELs) and {@link org.atende.sip.core.DialogUser} (requests and ACKs inside a dialog). Nothing here
 * imports {@code org.atende.call}; the call package implements these interfaces.
 */
package org.atende.sip.core;
