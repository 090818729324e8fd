/**
 * The model file's size limit, on its own so the page can refuse an oversized file before it loads
 * the file reader (modelFile.ts loads on first use).
 */

/** Longest file text accepted (characters): far above any network the app trains. */
export const MAX_MODEL_FILE_CHARS = 20_000_000;
