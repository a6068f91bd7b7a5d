/**
 * What Atende says in words (issue 11): numbers spoken the way people say them in Brazilian Portuguese
 * ({@link org.atende.ivr.speech.SpokenNumbers}: "vinte e um", not "dois um"), and the queue's announcements of
 * position and estimated wait ({@link org.atende.ivr.speech.QueueSpeech}). Pure functions from a value to the list
 * of built-in prompts ({@code builtin:pt-BR/…}, shipped by module media) to play in order; no I/O, any thread.
 */
package org.atende.ivr.speech;
