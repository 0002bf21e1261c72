//! Modules the notebook can import. Each is a table of names built on first import; the
//! libraries (numpy, pandas, keras, matplotlib) are added here in later parts.

pub mod keras;
mod math;
pub mod numpy;
// pandas and scikit-learn (issue 16, the libraries).
pub mod pandas;
// matplotlib.pyplot and seaborn: figure descriptions (issue 16).
pub mod pyplot;
pub mod sklearn;

use std::rc::Rc;

use crate::eval::Interp;

pub fn install(interp: &mut Interp) {
    interp.modules.insert("math".into(), Rc::new(math::make));
    interp.modules.insert("numpy".into(), Rc::new(numpy::make));
    interp
        .modules
        .insert("pandas".into(), Rc::new(pandas::make));
    sklearn::install(interp);
    // TensorFlow/Keras: every import path of the one module tree.
    keras::install(interp);
    pyplot::install(interp);
}
