/** The TwiML that tells Twilio "received, nothing to send back now": replies go out through the REST API. */
export const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
