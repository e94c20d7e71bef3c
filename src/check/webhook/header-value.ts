/**
 * Envoy's header value formatter syntax (`%VAR%`, `%VAR(arg)%`, `%%`), a port of Istio's
 * validateHeaderValue (pkg/config/validation/header_value_validator.go).
 */
enum State { Literal, VariableName, ExpectArray, ExpectString, String, ExpectDelimiterOrEnd, ExpectArgsEnd, ExpectVariableEnd }

export function envoyHeaderValueError(value: string): string | undefined {
  if (value === '' || !value.includes('%')) return undefined;
  let state = State.Literal;
  for (let pos = 0; pos < value.length; pos++) {
    const ch = value[pos];
    const hasNext = pos + 1 < value.length;
    switch (state) {
      case State.Literal:
        if (ch !== '%') break;
        if (!hasNext) return 'invalid header configuration. Un-escaped %';
        if (value[pos + 1] === '%') { pos++; break; }
        state = State.VariableName;
        break;
      case State.VariableName:
        if (ch === '%') state = State.Literal;
        else if (ch === '(') state = State.ExpectArray;
        break;
      case State.ExpectArray:
        if (ch === '[') state = State.ExpectString;
        else if (ch !== ' ') state = State.String;
        break;
      case State.ExpectDelimiterOrEnd:
        if (ch === ',') state = State.ExpectString;
        else if (ch === ']') state = State.ExpectArgsEnd;
        else if (ch !== ' ') return "invalid header configuration. Expecting ',', ']', or whitespace";
        break;
      case State.ExpectString:
        if (ch === '"') state = State.String;
        else if (ch !== ' ') return 'invalid header configuration. Expecting \'"\'';
        break;
      case State.String:
        if (ch === '\\') {
          if (!hasNext) return 'invalid header configuration. Un-terminated backslash in JSON string';
          pos++;
        } else if (ch === ')') {state = State.ExpectVariableEnd;} else if (ch === '"') {state = State.ExpectDelimiterOrEnd;}
        break;
      case State.ExpectArgsEnd:
        if (ch === ')') state = State.ExpectVariableEnd;
        else if (ch !== ' ') return "invalid header configuration. Expecting ')' or whitespace after '{}', but found '{}'";
        break;
      case State.ExpectVariableEnd:
        if (ch === '%') state = State.Literal;
        else if (ch !== ' ') return "invalid header configuration. Expecting '%' or whitespace after";
        break;
    }
  }
  return state === State.Literal ? undefined : `invalid header configuration. Un-terminated variable expression '${value}'`;
}
