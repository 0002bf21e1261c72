//! Where names live: a cell's globals, and a chain of scopes for function calls, class bodies
//! and comprehensions. A function's locals are the names its body assigns (found when it was
//! parsed), so reading one before assigning it is Python's UnboundLocalError, not a global.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use crate::ast::FuncDef;
use crate::value::Value;

pub enum ScopeKind {
    Function(Rc<FuncDef>),
    Class,
    Comprehension,
}

pub struct Scope {
    pub kind: ScopeKind,
    pub vars: RefCell<HashMap<Rc<str>, Value>>,
    pub parent: Option<Rc<Scope>>,
    /// For a method's call: the class that defined it, so `super()` knows where to look.
    pub class: Option<Rc<crate::value::Class>>,
}

impl Scope {
    pub fn new(kind: ScopeKind, parent: Option<Rc<Scope>>) -> Rc<Scope> {
        Rc::new(Scope {
            kind,
            vars: RefCell::new(HashMap::new()),
            parent,
            class: None,
        })
    }

    /// The scope a `def` inside this one closes over: class bodies are skipped, as in Python
    /// (a method does not see its class's names unqualified).
    pub fn closure_for_def(self: &Rc<Scope>) -> Option<Rc<Scope>> {
        match self.kind {
            ScopeKind::Class => self.parent.clone(),
            _ => Some(self.clone()),
        }
    }
}

/// What looking a name up in the scope chain found.
pub enum Lookup {
    Found(Value),
    /// A local of the function that has no value yet.
    Unbound,
    /// Not in any enclosing scope: look in the globals, then the builtins.
    Global,
}

pub fn lookup(env: &Option<Rc<Scope>>, name: &str) -> Lookup {
    let mut s = env.clone();
    while let Some(sc) = s {
        if let Some(v) = sc.vars.borrow().get(name) {
            return Lookup::Found(v.clone());
        }
        if let ScopeKind::Function(def) = &sc.kind {
            if def.globals.iter().any(|g| &**g == name) {
                return Lookup::Global;
            }
            if def.locals.iter().any(|l| &**l == name) {
                return Lookup::Unbound;
            }
        }
        s = sc.parent.clone();
    }
    Lookup::Global
}
