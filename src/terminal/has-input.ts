/**
 * Whether a non-TTY input brings anything before it ends: false for /dev/null or a closed pipe (a detached
 * container), true as soon as the first bytes arrive. What was read is put back for the reader that follows.
 */
export function hasInput(input: NodeJS.ReadableStream): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const onReadable = () => {
      const chunk = input.read() as string | Buffer | null;
      if (chunk === null) return; // 'end' follows
      done();
      input.unshift(chunk);
      resolve(true);
    };
    const onEnd = () => {
      done();
      resolve(false);
    };
    const onError = (error: unknown) => {
      done();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    const done = () => {
      input.off('readable', onReadable);
      input.off('end', onEnd);
      input.off('error', onError);
    };
    input.on('readable', onReadable);
    input.on('end', onEnd);
    input.on('error', onError);
  });
}
