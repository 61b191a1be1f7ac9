/**
 * A request the guard will not make: a refused address (given literally or resolved from the
 * name), a scheme other than http(s), a malformed URL. Permanent: asking again cannot help.
 */
export class OutboundRefusal extends Error {
  override readonly name = "OutboundRefusal";
}

/** No complete answer within the deadline (connect to last byte). Worth retrying later. */
export class OutboundTimeout extends Error {
  override readonly name = "OutboundTimeout";
}
