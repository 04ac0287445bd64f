"""The evidence lifecycle: evidence links, suggestions, review decisions, revisions, propagation over crosswalks, feedback and recovery, the SoA."""
