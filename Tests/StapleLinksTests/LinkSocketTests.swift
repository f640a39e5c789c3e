import StapleTestSupport
import Testing

/// Every test that runs real sockets through links, one at a time: timing assertions must not
/// share the two cores with each other.
@Suite(.serialized, .awaitsTeardown) struct LinkSocketTests {}
