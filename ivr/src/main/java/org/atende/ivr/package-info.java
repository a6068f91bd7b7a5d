/**
 * The IVR interpreter (issue 4): {@link org.atende.ivr.FlowSession} runs a caller through a
 * {@link org.atende.config.flow.FlowConfig}, {@link org.atende.ivr.SurveySession} asks the post-call survey. Both
 * take {@link org.atende.ivr.IvrEvent}s and return {@link org.atende.ivr.IvrCommand}s; they do no I/O and read
 * time only from an injected clock, and each keeps a {@link org.atende.ivr.Journey} for the call record.
 */
package org.atende.ivr;
