//! WAICO's application layer: the node's live state and the operations of every part.
