package org.atende.sip.transaction;

/** RFC 3261 §17 transaction states, with RFC 6026's ACCEPTED for INVITE transactions answered 2xx. */
public enum TransactionState {
    CALLING, TRYING, PROCEEDING, ACCEPTED, COMPLETED, CONFIRMED, TERMINATED
}
