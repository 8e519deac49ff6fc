//! Static type check of rulepack CEL conditions against the profile schema,
//! run at load: `size(public_facing)` (a bool) or `'x' in users_count` fail
//! `framework check` and uploads with a reason, instead of surfacing at
//! assessment as "undetermined". Types unknown statically (map values,
//! comprehension accumulators) are `Dyn` and never reported.

use crate::profile::profile_json_schema;
use cel::common::ast::{EntryExpr, Expr, IdedExpr, LiteralValue};
use serde_json::Value;
use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

/// The static type of a CEL expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    Bool,
    Int,
    Double,
    String,
    Null,
    List(Box<Ty>),
    Map,
    Dyn,
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Bool => f.write_str("bool"),
            Ty::Int => f.write_str("int"),
            Ty::Double => f.write_str("double"),
            Ty::String => f.write_str("string"),
            Ty::Null => f.write_str("null"),
            Ty::List(e) => write!(f, "list({e})"),
            Ty::Map => f.write_str("map"),
            Ty::Dyn => f.write_str("dyn"),
        }
    }
}

impl Ty {
    fn is_number(&self) -> bool {
        matches!(self, Ty::Int | Ty::Double)
    }
    /// Whether values of the two types can ever be equal or compared.
    fn compatible(&self, other: &Ty) -> bool {
        match (self, other) {
            (Ty::Dyn, _) | (_, Ty::Dyn) | (Ty::Null, _) | (_, Ty::Null) => true,
            (a, b) if a.is_number() && b.is_number() => true,
            (Ty::List(a), Ty::List(b)) => a.compatible(b),
            (a, b) => a == b,
        }
    }
}

/// The CEL type of a property of the profile's JSON Schema.
fn schema_type(prop: &Value, defs: &Value) -> Ty {
    if let Some(r) = prop["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap_or_default();
        return schema_type(&defs[name], defs);
    }
    if prop.get("enum").is_some() || prop.get("oneOf").is_some() {
        return Ty::String;
    }
    if let Some(alts) = prop["anyOf"].as_array() {
        let non_null: Vec<&Value> = alts.iter().filter(|a| a["type"] != "null").collect();
        return match non_null.as_slice() {
            [one] => schema_type(one, defs),
            _ => Ty::Dyn,
        };
    }
    let ty = match &prop["type"] {
        Value::String(s) => s.as_str(),
        Value::Array(list) => list
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ => return Ty::Dyn,
    };
    match ty {
        "boolean" => Ty::Bool,
        "integer" => Ty::Int,
        "number" => Ty::Double,
        "string" => Ty::String,
        "array" => Ty::List(Box::new(schema_type(&prop["items"], defs))),
        "object" => Ty::Map,
        _ => Ty::Dyn,
    }
}

/// The CEL type of every top-level profile field.
pub fn field_types() -> &'static HashMap<String, Ty> {
    static TYPES: LazyLock<HashMap<String, Ty>> = LazyLock::new(|| {
        let schema = profile_json_schema();
        let defs = &schema["$defs"];
        schema["properties"]
            .as_object()
            .expect("profile schema has properties")
            .iter()
            .map(|(k, v)| (k.clone(), schema_type(v, defs)))
            .collect()
    });
    &TYPES
}

/// Checks an expression's types; the first error found, as a sentence.
pub fn check(e: &IdedExpr) -> Result<Ty, String> {
    Checker { scope: Vec::new() }.ty(e)
}

struct Checker {
    /// Comprehension variables in scope, innermost last.
    scope: Vec<(String, Ty)>,
}

impl Checker {
    fn ty(&mut self, e: &IdedExpr) -> Result<Ty, String> {
        Ok(match &e.expr {
            Expr::Ident(name) => self
                .scope
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, t)| t.clone())
                .or_else(|| field_types().get(name).cloned())
                .unwrap_or(Ty::Dyn),
            Expr::Literal(l) => match l {
                LiteralValue::Boolean(_) => Ty::Bool,
                LiteralValue::Int(_) | LiteralValue::UInt(_) => Ty::Int,
                LiteralValue::Double(_) => Ty::Double,
                LiteralValue::String(_) => Ty::String,
                LiteralValue::Null => Ty::Null,
                LiteralValue::Bytes(_) => Ty::Dyn,
            },
            Expr::List(l) => {
                let mut elem: Option<Ty> = None;
                for x in &l.elements {
                    let t = self.ty(x)?;
                    elem = Some(match elem {
                        None => t,
                        Some(prev) if prev == t => prev,
                        Some(_) => Ty::Dyn,
                    });
                }
                Ty::List(Box::new(elem.unwrap_or(Ty::Dyn)))
            }
            Expr::Map(m) => {
                for en in &m.entries {
                    if let EntryExpr::MapEntry(me) = &en.expr {
                        self.ty(&me.key)?;
                        self.ty(&me.value)?;
                    }
                }
                Ty::Map
            }
            Expr::Struct(_) | Expr::Unspecified => Ty::Dyn,
            Expr::Select(s) => match self.ty(&s.operand)? {
                Ty::Map | Ty::Dyn => Ty::Dyn,
                other => return Err(format!("`.{}` selects a field of a {other}", s.field)),
            },
            Expr::Comprehension(c) => {
                let elem = match self.ty(&c.iter_range)? {
                    Ty::List(e) => *e,
                    Ty::Map | Ty::Dyn => Ty::Dyn,
                    other => return Err(format!("cannot iterate over a {other}")),
                };
                let accu = self.ty(&c.accu_init)?;
                let before = self.scope.len();
                self.scope.push((c.iter_var.clone(), elem));
                if let Some(v2) = &c.iter_var2 {
                    self.scope.push((v2.clone(), Ty::Dyn));
                }
                self.scope.push((c.accu_var.clone(), accu));
                let out = (|| {
                    self.ty(&c.loop_cond)?;
                    self.ty(&c.loop_step)?;
                    self.ty(&c.result)
                })();
                self.scope.truncate(before);
                out?
            }
            Expr::Call(call) => {
                let mut args = Vec::with_capacity(call.args.len() + 1);
                if let Some(t) = &call.target {
                    args.push(self.ty(t)?);
                }
                for a in &call.args {
                    args.push(self.ty(a)?);
                }
                call_type(&call.func_name, &args)?
            }
        })
    }
}

fn want_bool(op: &str, t: &Ty) -> Result<(), String> {
    match t {
        Ty::Bool | Ty::Dyn => Ok(()),
        other => Err(format!("`{op}` needs a bool, found a {other}")),
    }
}

fn call_type(f: &str, args: &[Ty]) -> Result<Ty, String> {
    let arg = |i: usize| args.get(i).cloned().unwrap_or(Ty::Dyn);
    Ok(match f {
        "_&&_" | "_||_" => {
            let op = if f == "_&&_" { "&&" } else { "||" };
            for a in args {
                want_bool(op, a)?;
            }
            Ty::Bool
        }
        "!_" => {
            want_bool("!", &arg(0))?;
            Ty::Bool
        }
        "@not_strictly_false" => Ty::Bool,
        "_==_" | "_!=_" => {
            let (a, b) = (arg(0), arg(1));
            if !a.compatible(&b) {
                return Err(format!("compares a {a} with a {b}"));
            }
            Ty::Bool
        }
        "_<_" | "_<=_" | "_>_" | "_>=_" => {
            let (a, b) = (arg(0), arg(1));
            let orderable =
                |t: &Ty| matches!(t, Ty::Int | Ty::Double | Ty::String | Ty::Bool | Ty::Dyn);
            if !orderable(&a) || !orderable(&b) || !a.compatible(&b) {
                return Err(format!("orders a {a} against a {b}"));
            }
            Ty::Bool
        }
        "@in" => {
            let (x, coll) = (arg(0), arg(1));
            match &coll {
                Ty::List(e) if !x.compatible(e) => {
                    return Err(format!("looks for a {x} in a {coll}"));
                }
                Ty::List(_) | Ty::Map | Ty::Dyn => {}
                other => return Err(format!("`in` needs a list or map, found a {other}")),
            }
            Ty::Bool
        }
        "size" => {
            match arg(0) {
                Ty::String | Ty::List(_) | Ty::Map | Ty::Dyn => {}
                other => return Err(format!("size() of a {other}")),
            }
            Ty::Int
        }
        "contains" | "startsWith" | "endsWith" | "matches" => {
            match arg(0) {
                Ty::String | Ty::Dyn => {}
                other => return Err(format!("{f}() on a {other}")),
            }
            Ty::Bool
        }
        "_?_:_" => {
            want_bool("?:", &arg(0))?;
            if arg(1) == arg(2) { arg(1) } else { Ty::Dyn }
        }
        "_[_]" => match arg(0) {
            Ty::List(e) => *e,
            Ty::Map | Ty::Dyn => Ty::Dyn,
            other => return Err(format!("indexes a {other}")),
        },
        "_+_" | "_-_" | "_*_" | "_/_" | "_%_" => {
            let (a, b) = (arg(0), arg(1));
            if !a.compatible(&b) || matches!(a, Ty::Bool) || matches!(b, Ty::Bool) {
                return Err(format!("`{}` on a {a} and a {b}", &f[1..f.len() - 1]));
            }
            if a == b { a } else { Ty::Dyn }
        }
        "-_" => match arg(0) {
            t @ (Ty::Int | Ty::Double | Ty::Dyn) => t,
            other => return Err(format!("negates a {other}")),
        },
        _ => Ty::Dyn,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(src: &str) -> Result<Ty, String> {
        let p = cel::Env::stdlib().compile(src).expect("parses");
        check(p.expression())
    }

    #[test]
    fn field_types_come_from_the_schema() {
        let t = field_types();
        assert_eq!(t["public_facing"], Ty::Bool);
        assert_eq!(t["users_count"], Ty::Int);
        assert_eq!(t["training_compute_flop"], Ty::Double);
        assert_eq!(t["purposes"], Ty::List(Box::new(Ty::String)));
        assert_eq!(t["established_in_union"], Ty::Bool);
    }

    #[test]
    fn type_errors_are_found_and_good_conditions_pass() {
        assert!(
            ty("size(public_facing) > 0")
                .unwrap_err()
                .contains("size() of a bool")
        );
        assert!(ty("'x' in users_count").is_err());
        assert!(ty("public_facing == 'yes'").is_err());
        assert!(ty("is_gpai && users_count").is_err());
        assert!(ty("purposes.exists(p, p > 3)").is_err());
        for ok in [
            "'employment' in purposes && size(art6_3_exemptions) == 0",
            "training_compute_flop > 1e25 || users_count >= 1000",
            "purposes.exists(p, p in ['education', 'employment'])",
            "!public_facing && capabilities.all(c, c != 'deepfake')",
        ] {
            assert_eq!(ty(ok), Ok(Ty::Bool), "{ok}");
        }
    }
}
