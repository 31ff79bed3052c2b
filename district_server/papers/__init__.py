"""Papers to the hub (issue 14): the paper store, the receiving service and the tus 1.0 endpoint."""
