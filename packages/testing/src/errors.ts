// The error the test mode throws when it is used at the wrong moment: a step
// before the first frames are done, a loss of a context already lost, a
// capture before any frame. Bad arguments throw RangeError, as the platform's
// own APIs do.

/** A test-mode call made when the game's state does not allow it; the message says why and what to do. */
export class TestModeError extends Error {
  override readonly name = 'TestModeError';
}
