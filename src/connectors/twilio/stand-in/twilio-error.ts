/** The JSON body Twilio's REST API answers every error with. */
export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export interface TwilioErrorResponse {
  status: number;
  body: TwilioErrorBody;
}

export function twilioError(status: number, code: number, message: string): TwilioErrorResponse {
  return {
    status,
    body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
  };
}
