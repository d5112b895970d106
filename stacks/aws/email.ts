import { email } from "../topology";

/** SES identity for the sender; an address identity is verified by the link SES mails to it. */
export function createEmail() {
  return new sst.aws.Email(email.name, { sender: email.sender });
}
