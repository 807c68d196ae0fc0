// IPC results must arrive in the renderer exactly as main built them. Structured
// clone would turn a Buffer into a Uint8Array, keep a BigInt the renderer cannot
// JSON-serialise, drop functions and class prototypes: so main refuses such values
// instead of letting the renderer see something subtly different (a Msg_Id must be
// a decimal string, never a BigInt).

/** Returns null when `value` is plain JSON data, otherwise where and why it is not. */
export function jsonSafetyProblem(value: unknown, path = 'value', seen = new Set<object>()): string | null {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return null;
    case 'number':
      return Number.isFinite(value) ? null : `${path} is ${value} (not representable in JSON)`;
    case 'bigint':
      return `${path} is a BigInt (send a decimal string)`;
    case 'undefined':
      return `${path} is undefined (use null or omit the field)`;
    case 'function':
    case 'symbol':
      return `${path} is a ${typeof value}`;
  }
  if (value === null) return null;
  const obj = value as object;
  if (seen.has(obj)) return `${path} is a circular reference`;
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      for (let i = 0; i < obj.length; i++) {
        const p = jsonSafetyProblem(obj[i], `${path}[${i}]`, seen);
        if (p) return p;
      }
      return null;
    }
    const proto = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) {
      return `${path} is a ${proto?.constructor?.name ?? 'non-plain'} object (send plain data)`;
    }
    for (const [k, v] of Object.entries(obj)) {
      // An absent optional field is fine as undefined in an object: JSON omits it.
      if (v === undefined) continue;
      const p = jsonSafetyProblem(v, `${path}.${k}`, seen);
      if (p) return p;
    }
    return null;
  } finally {
    seen.delete(obj);
  }
}
