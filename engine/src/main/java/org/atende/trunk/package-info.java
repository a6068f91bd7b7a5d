/**
 * Carrier trunks: keeping Atende registered with a carrier's registrar ({@link org.atende.trunk.TrunkRegistrationClient},
 * RFC 3261 §10.2 client side: its state machine, each attempt a {@link org.atende.trunk.RegisterExchange} whose
 * REGISTERs {@link org.atende.trunk.RegisterRequests} builds). Everything here runs on the event loop that owns the
 * registration's Call-ID.
 */
package org.atende.trunk;
