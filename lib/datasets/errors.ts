/**
 * A problem with the uploaded file or the chosen types, with a message fit to show the user (it
 * names the line and, where there is one, the column). Anything else is a server fault.
 */
export class DatasetFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatasetFileError";
  }
}
