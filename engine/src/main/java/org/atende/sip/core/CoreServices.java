package org.atende.sip.core;

import org.atende.sip.message.UasRequestChecks;
import org.atende.sip.registrar.Registrations;
import org.atende.sip.transport.LocalIdentity;

/** What the UAS cores of all shards share: thread-safe, set up once at start. */
public interface CoreServices {

    /** Which URIs and Routes are ours. */
    LocalIdentity identity();

    /** The registrar's single owner: REGISTERs go there. */
    Registrations registrations();

    /** RFC 3261 §8.2 checks every new request passes first. */
    UasRequestChecks checks();

    /** True once a graceful stop began: new INVITEs get 503. */
    boolean stopping();
}
