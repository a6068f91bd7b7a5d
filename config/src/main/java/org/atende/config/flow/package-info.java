/**
 * The IVR flow model (issue 4): a flow is a set of named nodes, each a step of the voice menu, linked by node
 * names. These records are what the configuration loader produces and what the interpreter (module {@code ivr})
 * runs; they hold no behaviour beyond checking their own invariants.
 */
package org.atende.config.flow;
