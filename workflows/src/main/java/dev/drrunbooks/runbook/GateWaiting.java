package dev.drrunbooks.runbook;

/**
 * A gate that opened in a run, told to the run above it ({@code gateWaiting} signal), and on up: a
 * drill hears of its incident's gates, and of the gates of the recovery that incident runs, the
 * moment they open, instead of asking every two seconds.
 */
public record GateWaiting(String workflowId, String gate) {}
