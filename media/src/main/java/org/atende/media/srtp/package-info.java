/**
 * SRTP/SRTCP (RFC 3711) keyed by SDES (RFC 4568) for Atende's anchored media.
 *
 * <p>Signalling side: {@link org.atende.media.srtp.SdesNegotiator} turns the {@code a=crypto} lines of an offer
 * into an {@link org.atende.media.srtp.SdesAnswer} (or none: answer 488), builds Atende's own offer and checks the
 * answer to it. Media side: {@link org.atende.media.srtp.SdesAnswer#newSession()} gives the call leg's
 * {@link org.atende.media.srtp.SrtpSession}, which lives on the leg's event loop and protects/unprotects packets
 * in place. Call {@link org.atende.media.srtp.SrtpSession#preload()} once at start-up.
 */
package org.atende.media.srtp;
